// Draws each dimension's weekly lines with Chart.js from the JSON the page carries.
// Without JavaScript the tables under each chart hold the same numbers.
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // The words come translated from the page (templates/trends/dashboard.html).
  var text = (document.querySelector("[data-chart-text]") || { dataset: {} }).dataset;
  // The week the pulse questions began is marked under the axis: nothing before it is charted.
  var labels = data.weeks.map(function (week, index) {
    return index === data.pulseStart ? [week, text.pulseStarts] : week;
  });
  // Okabe-Ito colours, told apart by colour-blind readers; lines also differ in dash and point.
  var styles = [
    { color: "#0072B2", dash: [], point: "circle" },
    { color: "#D55E00", dash: [6, 4], point: "rectRot" },
  ];

  document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
    var series = data.series[Number(canvas.dataset.series)];
    var datasets = series.lines.map(function (line, index) {
      var style = styles[index];
      return {
        label: line.label,
        data: line.values,
        borderColor: style.color,
        backgroundColor: style.color,
        borderDash: style.dash,
        pointStyle: style.point,
        pointRadius: line.values.map(function (value, week) {
          return series.reworded.indexOf(week) >= 0 ? 7 : 3;
        }),
        spanGaps: false,
        // The second line shades the gap between the two partners.
        fill: index === 1 ? { target: "-1", above: "rgba(120,120,120,0.15)", below: "rgba(120,120,120,0.15)" } : false,
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            min: 1,
            max: 5,
            ticks: { stepSize: 1 },
            title: { display: true, text: series.higherIsBetter ? text.higherBetter : text.higherWarning },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              afterLabel: function (context) {
                return series.reworded.indexOf(context.dataIndex) >= 0 ? text.reworded : "";
              },
            },
          },
        },
      },
    });
  });
})();
