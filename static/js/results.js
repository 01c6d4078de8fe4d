// The enterprise's results page: one radar per column, the latest year's pillar levels over the
// previous year's (dashed), from the JSON the page carries. The table above says the same in text.
(function () {
  "use strict";

  const wrap = window.DBI.wrapLabel;  // static/js/chart-labels.js

  const STYLES = {
    latest: {
      fill: true,
      backgroundColor: "rgba(196, 30, 58, 0.2)",
      borderColor: "rgb(196, 30, 58)",
      pointBackgroundColor: "rgb(196, 30, 58)",
    },
    previous: {
      fill: false,
      borderColor: "rgb(110, 110, 110)",
      borderDash: [6, 4],
      pointBackgroundColor: "rgb(110, 110, 110)",
    },
  };

  function draw() {
    const dataNode = document.getElementById("results-charts");
    if (!dataNode || typeof Chart === "undefined") return;
    const data = JSON.parse(dataNode.textContent);
    const labels = data.labels.map((label) => wrap(label, 16));
    for (const chart of data.charts) {
      const canvas = document.getElementById(chart.canvas);
      if (!canvas) continue;
      const existing = Chart.getChart(canvas);
      if (existing) existing.destroy();
      new Chart(canvas, {
        type: "radar",
        data: {
          labels: labels,
          datasets: chart.datasets.map((d) => ({ label: d.label, data: d.levels, ...STYLES[d.kind] })),
        },
        options: {
          animation: false,
          plugins: { legend: { display: chart.datasets.length > 1, position: "bottom" } },
          scales: {
            r: { min: 0, max: data.max_level, ticks: { stepSize: 1 }, pointLabels: { font: { size: 10 } } },
          },
        },
      });
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
