/* The main menu's disclosure button for narrow screens. Without this script
   the button stays hidden and the menu is always open (see site.css). */
(function () {
  "use strict";
  var menus = document.querySelectorAll("[data-menu]");
  Array.prototype.forEach.call(menus, function (menu) {
    var button = menu.querySelector(".main-menu__toggle");
    if (!button) return;
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    button.hidden = false;
    menu.classList.add("is-collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  });
})();
