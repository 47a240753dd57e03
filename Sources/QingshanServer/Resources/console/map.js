// 一张图: district boundaries and sites from /map/data.json over no tiles at all (bureau networks are often
// offline). Each site kind is a layer of its own; a click opens the site's page.
(function () {
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") return;
  var map = L.map(element, { zoomSnap: 0.25 });
  fetch(element.dataset.source).then(function (response) { return response.json(); }).then(function (data) {
    var regions = L.geoJSON(data.features.filter(function (f) { return f.properties.layer === "region"; }), {
      style: { color: "#0b6e4f", weight: 1.5, fillColor: "#cfe3d8", fillOpacity: 0.5 },
      onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.name); }
    }).addTo(map);
    var kinds = {};
    data.features.filter(function (f) { return f.properties.layer === "site"; }).forEach(function (feature) {
      var p = feature.properties;
      var c = feature.geometry.coordinates;
      // The ring: green while a logger of the site is online, grey when its loggers are offline.
      var ring = p.loggers > 0 ? (p.online ? "#0b6e4f" : "#9e9e9e") : "#1f2933";
      var marker = L.circleMarker([c[1], c[0]], { radius: 7, color: ring, weight: p.loggers > 0 ? 3 : 1, fillColor: p.colour, fillOpacity: 0.9 });
      var text = p.name + (p.demo ? "（演示）" : "") + "<br>" + p.kindName + (p.aqi !== undefined ? "<br>AQI " + p.aqi + " " + p.category : "")
        + (p.waterClass !== undefined ? "<br>" + p.waterClass + "（目标 " + p.target + "）" : "")
        + (p.loggers > 0 ? "<br>数采仪" + (p.online ? "在线" : "离线") : "");
      marker.bindTooltip(text);
      marker.on("click", function () { window.location.href = "/sites/" + encodeURIComponent(p.code); });
      (kinds[p.kindName] = kinds[p.kindName] || L.layerGroup().addTo(map)).addLayer(marker);
    });
    L.control.layers(null, kinds, { collapsed: false }).addTo(map);
    map.fitBounds(regions.getBounds());
    element.dataset.regions = String(regions.getLayers().length);
    element.dataset.sites = String(Object.keys(kinds).reduce(function (n, k) { return n + kinds[k].getLayers().length; }, 0));
  });
})();
