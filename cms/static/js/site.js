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

/* Suggestions under the search box, from the search app's autocomplete endpoint:
   a listbox the arrow keys move through (aria-activedescendant), announced by a
   status region. The box keeps its native searchbox role (aria-autocomplete and
   aria-controls are valid on it), so it is found and read as a search field.
   Without this script the box is a plain search form. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch || !window.AbortController) return;
  var list = document.getElementById(input.getAttribute("data-suggestions"));
  var status = input.parentNode.querySelector("[data-suggestions-status]");
  if (!list) return;
  var DELAY = 150;
  var timer = null;
  var pending = null;
  var active = -1;
  var options = [];

  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  function announce(count) {
    if (!status) return;
    status.textContent = count
      ? input.getAttribute("data-status-count").replace("%(count)s", count)
      : input.getAttribute("data-status-none");
  }

  function close() {
    list.hidden = true;
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function select(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function show(results) {
    list.textContent = "";
    options = results.map(function (result, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", result.url);
      option.textContent = result.title;
      list.appendChild(option);
      return option;
    });
    active = -1;
    announce(options.length);
    if (options.length) {
      list.hidden = false;
    } else {
      close();
    }
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (pending) pending.abort();
    if (!query) { close(); return; }
    pending = new AbortController();
    var url = input.getAttribute("data-autocomplete") + "?q=" + encodeURIComponent(query);
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        // A reply to an older query, overtaken by typing, is not shown; nor one
        // that arrives after the visitor has left the box.
        if (input.value.trim() === query && document.activeElement === input) {
          show(data.results || []);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") close();
      });
  }

  function go(option) {
    var url = option.getAttribute("data-url");
    if (url) window.location.assign(url);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DELAY);
  });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && options.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      select(active < options.length - 1 ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      select(active > 0 ? active - 1 : options.length - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { close(); });
  // Keep the focus in the box while an option is clicked.
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) go(option);
  });
})();
