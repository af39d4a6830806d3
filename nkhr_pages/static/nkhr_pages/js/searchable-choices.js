/* The search box of a checkbox list in the page editor (related campaigns,
   publication topics; nkhr_pages/widgets.py). Typing filters the list: an item
   stays in view when every word typed appears in its title or in the title of
   its version in the other language, case and spacing ignored ("강제 북송"
   finds 강제북송). Ticked items always stay in view. Enter does not submit
   the page form; Escape clears the box; the down arrow moves to the first item
   in view. A status region says how many items are shown. Without this script
   the box stays hidden and the list works as plain checkboxes. */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").normalize("NFKC").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUp(root) {
    if (root.dataset.nkhrChoicesReady) return;
    root.dataset.nkhrChoicesReady = "true";
    var search = root.querySelector("[data-nkhr-choices-search]");
    var input = search && search.querySelector("input[type=search]");
    var count = root.querySelector("[data-nkhr-choices-count]");
    var options = Array.prototype.slice.call(
      root.querySelectorAll("[data-nkhr-choices-option]")
    ).map(function (element) {
      return {
        element: element,
        checkbox: element.querySelector("input[type=checkbox]"),
        text: normalise(element.getAttribute("data-search")).replace(/ /g, ""),
      };
    });
    if (!input || !options.length) return;
    search.hidden = false;
    var timer = null;

    function announce(shown) {
      var text =
        shown === 0
          ? root.getAttribute("data-none-text")
          : root
              .getAttribute("data-count-text")
              .replace("{shown}", String(shown))
              .replace("{total}", String(options.length));
      clearTimeout(timer);
      // Said once the editor pauses, not at every keystroke.
      timer = setTimeout(function () {
        count.textContent = text;
      }, 400);
    }

    function filter() {
      var query = normalise(input.value);
      var words = query ? query.split(" ") : [];
      var shown = 0;
      options.forEach(function (option) {
        var visible =
          option.checkbox.checked ||
          words.every(function (word) {
            return option.text.indexOf(word) !== -1;
          });
        option.element.hidden = !visible;
        if (visible) shown += 1;
      });
      if (query) {
        announce(shown);
      } else {
        clearTimeout(timer);
        count.textContent = "";
      }
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        event.stopPropagation();
        input.value = "";
        filter();
      } else if (event.key === "ArrowDown") {
        var first = options.find(function (option) {
          return !option.element.hidden;
        });
        if (first) {
          event.preventDefault();
          first.checkbox.focus();
        }
      }
    });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nkhr-choices]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
