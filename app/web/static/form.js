// Progressive enhancement for the employer form: add and remove task rows without a page
// load. Without JavaScript the same buttons submit the form and the server re-renders it.
(function () {
  "use strict";
  var form = document.getElementById("employer-form");
  var rows = document.getElementById("task-rows");
  var template = document.getElementById("task-template");
  if (!form || !rows || !template) return;

  function renumber() {
    var legends = rows.querySelectorAll(".task > legend");
    for (var i = 0; i < legends.length; i++) legends[i].textContent = "Taak " + (i + 1);
    var buttons = rows.querySelectorAll("button[value^='remove_task:']");
    for (var j = 0; j < buttons.length; j++) buttons[j].textContent = "Verwijder taak " + (j + 1);
  }

  function nextIndex() {
    var max = -1;
    rows.querySelectorAll("[data-task-row]").forEach(function (row) {
      max = Math.max(max, parseInt(row.getAttribute("data-task-row"), 10));
    });
    return max + 1;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='action']");
    if (!button) return;
    if (button.value === "add_task") {
      event.preventDefault();
      var html = template.innerHTML.split("__i__").join(String(nextIndex()));
      rows.insertAdjacentHTML("beforeend", html);
      renumber();
      var added = rows.lastElementChild.querySelector("input");
      if (added) added.focus();
    } else if (button.value.indexOf("remove_task:") === 0) {
      var row = button.closest("[data-task-row]");
      if (rows.querySelectorAll("[data-task-row]").length <= 1) return;
      event.preventDefault();
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      var target = next && next.querySelector("input");
      (target || document.getElementById("add-task")).focus();
    }
  });

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
