/* mapbridge journey-map page: persona filter, lane toggles, search, view in the URL fragment.
 *
 * Reads everything from the page's own data attributes; puts text into the page only with
 * textContent and attributes only with setAttribute. No network, no eval. */
(function () {
  "use strict";

  var doc = document;
  var main = doc.getElementById("main");
  var toolbar = doc.getElementById("toolbar");
  var filter = doc.getElementById("persona-filter");
  var searchBox = doc.getElementById("search-box");
  var search = doc.getElementById("search");
  var status = doc.getElementById("search-status");
  var showAll = doc.getElementById("show-all");
  if (!main) {
    return;
  }
  var toggles = Array.prototype.slice.call(doc.querySelectorAll(".persona-toggle"));
  var known = {};
  toggles.forEach(function (box) {
    known[box.value] = box;
  });

  function each(selector, callback) {
    Array.prototype.forEach.call(main.querySelectorAll(selector), callback);
  }

  function setHidden(element, hide) {
    // setAttribute works on SVG elements too, which have no `hidden` property.
    if (hide) {
      element.setAttribute("hidden", "");
    } else {
      element.removeAttribute("hidden");
    }
  }

  function hiddenPersonas() {
    return toggles.filter(function (box) {
      return !box.checked;
    }).map(function (box) {
      return box.value;
    });
  }

  /* ---------------------------------------------------------------- persona layers */

  /* A shared item's edge shows the colours of the sharers still shown (all of them when
     none is): a hidden persona's colour must not stay on the page. */
  function restack(element, hidden) {
    var parts = (element.getAttribute("data-edges") || "").split(" ").filter(Boolean).map(
      function (part) {
        var colon = part.lastIndexOf(":");
        return { id: part.slice(0, colon), colour: part.slice(colon + 1) };
      }
    ).filter(function (part) {
      return /^[0-9A-Fa-f]{6}$/.test(part.colour);
    });
    if (!parts.length) {
      return;
    }
    var shown = parts.filter(function (part) {
      return hidden[part.id] !== true;
    });
    var colours = (shown.length ? shown : parts).map(function (part) {
      return "#" + part.colour;
    });
    var edge = colours[0];
    if (colours.length > 1) {
      var step = 100 / colours.length;
      edge = "linear-gradient(to bottom, " + colours.map(function (colour, i) {
        return colour + " " + (i * step).toFixed(2) + "% " + ((i + 1) * step).toFixed(2) + "%";
      }).join(", ") + ")";
    }
    element.style.setProperty("--edge", edge);
  }

  function applyFilter() {
    var hidden = {};
    hiddenPersonas().forEach(function (id) {
      hidden[id] = true;
    });
    each("[data-persona]", function (element) {
      setHidden(element, hidden[element.getAttribute("data-persona")] === true);
    });
    each("[data-personas]", function (element) {
      var ids = element.getAttribute("data-personas").split(" ").filter(Boolean);
      var allHidden = ids.length > 0 && ids.every(function (id) {
        return hidden[id] === true;
      });
      setHidden(element, allHidden);
      restack(element, hidden);
    });
    toggles.forEach(function (box) {
      var option = box.closest(".filter-option");
      if (option) {
        option.classList.toggle("is-off", !box.checked);
      }
    });
  }

  /* ---------------------------------------------------------------- search */

  function itemText(item) {
    var text = item.querySelector(".text");
    return (text || item).textContent.toLowerCase();
  }

  function applySearch() {
    var query = search ? search.value.trim().toLowerCase() : "";
    var count = 0;
    each(".item", function (item) {
      var match = query !== "" && itemText(item).indexOf(query) !== -1;
      item.classList.toggle("match", match);
      if (match) {
        count += 1;
      }
    });
    if (status) {
      if (query === "") {
        status.textContent = "";
      } else if (count === 1) {
        status.textContent = "1 match";
      } else {
        status.textContent = count + " matches";
      }
    }
  }

  /* ---------------------------------------------------------------- the URL fragment */

  function readState() {
    var hash = window.location.hash.replace(/^#/, "");
    if (hash === "") {
      return { hide: [], q: "" };
    }
    var state = null;
    hash.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 0) {
        return;
      }
      var key = part.slice(0, at);
      var value;
      try {
        value = decodeURIComponent(part.slice(at + 1).replace(/\+/g, " "));
      } catch (error) {
        value = "";
      }
      if (key === "hide") {
        state = state || { hide: [], q: "" };
        state.hide = value.split(",").filter(function (id) {
          return Object.prototype.hasOwnProperty.call(known, id);
        });
      } else if (key === "q") {
        state = state || { hide: [], q: "" };
        state.q = value;
      }
    });
    // A plain section link (#overview) is not a view: it leaves the view as it is.
    return state;
  }

  function writeState() {
    var parts = [];
    var hidden = hiddenPersonas();
    if (hidden.length) {
      parts.push("hide=" + hidden.map(encodeURIComponent).join(","));
    }
    var query = search ? search.value.trim() : "";
    if (query !== "") {
      parts.push("q=" + encodeURIComponent(query));
    }
    var url = parts.length
      ? "#" + parts.join("&")
      : window.location.pathname + window.location.search;
    try {
      window.history.replaceState(null, "", url);
    } catch (error) {
      // Some viewers forbid it (a sandboxed frame): the view still works, unlinked.
    }
  }

  function restore() {
    var state = readState();
    if (state === null) {
      return;
    }
    toggles.forEach(function (box) {
      box.checked = state.hide.indexOf(box.value) === -1;
    });
    if (search) {
      search.value = state.q;
    }
    applyFilter();
    applySearch();
  }

  /* ---------------------------------------------------------------- lanes */

  function setLane(button, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    (button.getAttribute("aria-controls") || "").split(" ").forEach(function (id) {
      var row = id ? doc.getElementById(id) : null;
      if (!row) {
        return;
      }
      if (expanded) {
        row.removeAttribute("data-collapsed");
      } else {
        row.setAttribute("data-collapsed", "true");
      }
    });
  }

  /* ---------------------------------------------------------------- wiring */

  toggles.forEach(function (box) {
    box.addEventListener("change", function () {
      applyFilter();
      writeState();
    });
  });

  Array.prototype.forEach.call(doc.querySelectorAll(".only-persona"), function (button) {
    button.addEventListener("click", function () {
      var only = button.getAttribute("data-persona");
      toggles.forEach(function (box) {
        box.checked = box.value === only;
      });
      applyFilter();
      writeState();
    });
  });

  if (showAll) {
    showAll.addEventListener("click", function () {
      toggles.forEach(function (box) {
        box.checked = true;
      });
      applyFilter();
      writeState();
    });
  }

  if (search) {
    search.addEventListener("input", function () {
      applySearch();
      writeState();
    });
  }

  Array.prototype.forEach.call(doc.querySelectorAll(".lane-toggle"), function (button) {
    button.addEventListener("click", function () {
      setLane(button, button.getAttribute("aria-expanded") !== "true");
    });
  });

  window.addEventListener("hashchange", restore);

  // The controls work now: show them.
  [toolbar, filter, searchBox].forEach(function (element) {
    if (element) {
      element.removeAttribute("hidden");
    }
  });
  doc.documentElement.classList.add("js");
  restore();
})();
