// The map draws its regions from the GeoJSON sent with the page and shows no base layer (land, coasts,
// countries). Plotly still asks for its world topology before drawing a geo chart; give it an empty one so
// it never reaches for the network.
(function () {
  var empty = { type: "GeometryCollection", geometries: [] };
  var names = ["land", "ocean", "lakes", "rivers", "coastlines", "countries", "subunits"];
  var objects = {};
  names.forEach(function (n) { objects[n] = empty; });
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  ["world_110m", "world_50m"].forEach(function (name) {
    window.PlotlyGeoAssets.topojson[name] = { type: "Topology", objects: objects, arcs: [] };
  });
})();
