// Draws the pillar radar from the JSON the results partial carries, and redraws after each htmx swap;
// on the calculator, marks the criteria whose error box the server has just filled (out of band).
(function () {
  "use strict";
  let chart = null;

  const wrap = window.DBI.wrapLabel;  // static/js/chart-labels.js

  function draw() {
    const dataNode = document.getElementById("radar-data");
    const canvas = document.getElementById("radar-chart");
    if (!dataNode || !canvas || typeof Chart === "undefined") return;
    const data = JSON.parse(dataNode.textContent);
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels.map((label) => wrap(label, 16)),
        datasets: [{
          label: document.documentElement.lang === "en" ? "Pillar level" : "Mức trụ cột",
          data: data.levels,
          fill: true,
          backgroundColor: "rgba(196, 30, 58, 0.2)",
          borderColor: "rgb(196, 30, 58)",
          pointBackgroundColor: "rgb(196, 30, 58)",
        }],
      },
      options: {
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          r: { min: 0, max: data.max_level, ticks: { stepSize: 1 }, pointLabels: { font: { size: 10 } } },
        },
      },
    });
  }

  function markErrors() {
    document.querySelectorAll("#calculator-form fieldset.criterion").forEach((fieldset) => {
      const box = fieldset.querySelector(".answer-error");
      if (box) fieldset.classList.toggle("has-error", box.querySelector(".field-error") !== null);
    });
  }

  // Only a swap that brings new results redraws (a calculator answer swaps many small parts).
  function redraw(event) {
    const target = event.detail && event.detail.target;
    if (!target || target.id === "results" || target.querySelector("#radar-data")) draw();
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSwap", redraw);
  document.addEventListener("htmx:oobAfterSwap", redraw);
  document.addEventListener("htmx:afterSettle", markErrors);
})();
