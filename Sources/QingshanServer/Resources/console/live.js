// 总览 refreshed live: /events/overview sends the city's and each station's AQI and the loggers online;
// without JavaScript the page shows the same values as of its loading.
(function () {
  if (typeof EventSource === "undefined") return;
  // One event a connection: the browser reconnects after the retry the server sets (10 s), so no connection
  // stays open (nothing held through a proxy or a shutdown).
  var source = new EventSource("/events/overview?once");
  function paint(element, card) {
    element.style.background = card.colour;
    element.style.color = card.textColour;
  }
  source.addEventListener("overview", function (message) {
    var data = JSON.parse(message.data);
    var cards = data.city ? [data.city] : [];
    cards.forEach(function (card) {
      var element = document.querySelector('[data-card="' + card.code + '"]');
      if (!element) return;
      paint(element, card);
      element.querySelector(".aqi-value").firstChild.nodeValue = card.aqi;
      element.querySelector(".aqi-category").textContent = card.category;
      element.querySelector(".aqi-primary").textContent = card.primary;
      element.querySelector(".aqi-time").textContent = card.time;
    });
    data.stations.forEach(function (card) {
      var row = document.querySelector('tr[data-station="' + card.code + '"]');
      if (!row) return;
      var cells = row.querySelectorAll("td");
      cells[1].textContent = card.aqi;
      var level = cells[2].querySelector(".level");
      level.textContent = card.category;
      paint(level, card);
      cells[3].textContent = card.primary;
      cells[4].textContent = card.time;
    });
    ["devicesOnline", "devicesOffline"].forEach(function (name) {
      var element = document.querySelector('[data-live="' + name + '"]');
      if (element) element.textContent = data[name];
    });
    document.body.dataset.live = "1";
  });
})();
