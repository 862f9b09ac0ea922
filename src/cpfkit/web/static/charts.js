// Draw every chart of the page from its JSON specification (no network: Plotly is served locally).
document.querySelectorAll("[data-chart]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  if (spec.layout && spec.layout.height > el.clientHeight) {
    el.style.height = spec.layout.height + "px"; // a chart with many label lines asks for room
  }
  Plotly.newPlot(el, spec.data, spec.layout, { displayModeBar: false, responsive: true }).then(function () {
    el.dataset.rendered = "true";
  });
});
