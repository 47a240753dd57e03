// 告警 refreshed live: /events/alarms sends the number of active alarms and the newest alarm's id; when a
// newer alarm than the page lists arrives, a link offers to reload. Without JavaScript the page is as loaded.
(function () {
  if (typeof EventSource === "undefined") return;
  var summary = document.getElementById("alarm-summary");
  if (!summary) return;
  // One event a connection; the browser reconnects after the server's retry (10 s).
  var source = new EventSource("/events/alarms?once");
  source.addEventListener("alarms", function (message) {
    var data = JSON.parse(message.data);
    var active = summary.querySelector('[data-live="active"]');
    if (active) active.textContent = data.active;
    if (data.newest > Number(summary.dataset.newest)) document.getElementById("new-alarms").hidden = false;
    document.body.dataset.live = "1";
  });
})();
