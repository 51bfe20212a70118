// Reorderable lists (<ol class="order-list" data-order-url="...">): drag and drop,
// or the up/down buttons. Every change is saved at once as {"<id>": <position>}
// in a JSON POST that carries the page's CSRF token.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function save(list) {
    var status = document.getElementById(list.getAttribute("aria-describedby"));
    var orders = {};
    Array.prototype.forEach.call(list.children, function (item, position) {
      orders[item.dataset.id] = position;
    });
    status.textContent = "Saving…";
    fetch(list.dataset.orderUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(orders),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        status.textContent = "Order saved.";
      })
      .catch(function (error) {
        status.textContent = "The order could not be saved (" + error.message + "). Reload the page and try again.";
      });
  }

  function setUp(list) {
    var dragged = null;
    var startIndex = -1;

    function indexOf(item) {
      return Array.prototype.indexOf.call(list.children, item);
    }

    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest && event.target.closest("li");
      if (!dragged) return;
      startIndex = indexOf(dragged);
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("li");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      event.preventDefault();
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      var moved = indexOf(dragged) !== startIndex;
      dragged = null;
      if (moved) save(list);
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button.move-up, button.move-down");
      if (!button) return;
      var item = button.closest("li");
      var up = button.classList.contains("move-up");
      var neighbour = up ? item.previousElementSibling : item.nextElementSibling;
      if (!neighbour) return;
      list.insertBefore(item, up ? neighbour : neighbour.nextSibling);
      button.focus();
      save(list);
    });
  }

  document.querySelectorAll("ol.order-list").forEach(setUp);
})();
