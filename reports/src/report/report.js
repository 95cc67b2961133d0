// Sortable, filterable, foldable tables, without any library: click a header to sort by it
// (again to reverse); type in a table's filter box to keep the rows that contain the text; a
// long table shows its first rows until "Show all" is pressed (a filter searches every row).
(function () {
  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent : value;
  }
  function compare(a, b, numeric) {
    if (numeric) {
      var x = a === "" ? Infinity : Number(a), y = b === "" ? Infinity : Number(b);
      return x - y;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  // Shows the rows that match the filter, only the first `data-fold` of them while folded.
  function refresh(table) {
    var needle = (table.getAttribute("data-filter") || "").toLowerCase();
    var fold = table.classList.contains("unfolded") || needle !== "" ? Infinity : Number(table.getAttribute("data-fold") || Infinity);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var match = needle === "" || row.textContent.toLowerCase().indexOf(needle) >= 0;
      row.hidden = !match;
      row.classList.toggle("folded", match && shown >= fold);
      if (match) shown += 1;
    });
  }
  document.querySelectorAll("table.data").forEach(function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      header.addEventListener("click", function () {
        var descending = header.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var numeric = header.classList.contains("num");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(cellValue(a, column), cellValue(b, column), numeric);
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        refresh(table);
      });
    });
    refresh(table);
  });
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    input.addEventListener("input", function () {
      table.setAttribute("data-filter", input.value);
      refresh(table);
    });
  });
  document.querySelectorAll("button.show-all").forEach(function (button) {
    var table = document.getElementById(button.getAttribute("data-table"));
    var label = button.textContent;
    button.addEventListener("click", function () {
      var unfolded = table.classList.toggle("unfolded");
      button.setAttribute("aria-expanded", unfolded ? "true" : "false");
      button.textContent = unfolded ? "Show the first " + table.getAttribute("data-fold") + " only" : label;
      refresh(table);
    });
  });
  // A link to a closed table or a folded row (from "Needs a decision") opens it first.
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (var open = target.closest("details"); open; open = open.parentElement.closest("details")) open.open = true;
    if (target.tagName === "TR" && target.classList.contains("folded")) {
      var button = document.querySelector("button.show-all[data-table='" + target.closest("table").id + "']");
      if (button) button.click();
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
