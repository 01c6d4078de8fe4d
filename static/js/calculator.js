// Draws the pillar radar from the JSON the results partial carries, and redraws once each htmx swap
// that brought new results has settled; on the calculator, marks the criteria whose error box the
// server has just filled (out of band).
//
// Not on htmx:afterSwap: while settling, htmx puts back the new canvas's width and height (base.html,
// attributesToSettle), and setting a canvas's size clears what was drawn on it (issue 14).
(function () {
  "use strict";
  let chart = null;
  let drawnFrom = null;  // the #radar-data node the chart was drawn from

  const wrap = window.DBI.wrapLabel;  // static/js/chart-labels.js

  function draw() {
    const dataNode = document.getElementById("radar-data");
    const canvas = document.getElementById("radar-chart");
    if (!dataNode || !canvas || typeof Chart === "undefined") return;
    if (chart && chart.canvas === canvas && dataNode === drawnFrom) return;  // no new results
    if (chart) chart.destroy();  // drawn on a canvas the swap took away, or on older data
    const other = Chart.getChart(canvas);
    if (other) other.destroy();
    const data = JSON.parse(dataNode.textContent);
    drawnFrom = dataNode;
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

  // The result panel is not a live region (a screen reader would read all of it after each
  // answer): once new results have settled, one polite status line says the overall level, the
  // total and how many criteria are answered, when that has changed.
  let announced = null;

  function summary() {
    const results = document.getElementById("results");
    if (!results) return "";
    return [".overall-level", ".total", ".progress-text"]
      .map((selector) => results.querySelector(selector))
      .filter(Boolean)
      .map((node) => node.textContent.replace(/\s+/g, " ").trim())
      .join(" · ");
  }

  function announce() {
    const status = document.getElementById("results-status");
    const text = summary();
    if (!status || text === announced) return;
    announced = text;
    status.textContent = text;
  }

  // A swapped-in canvas carries no chart (the old one went with the old canvas): draw on it. Each
  // element a response swapped settles with its own event, after all of them were settled.
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("DOMContentLoaded", () => { announced = summary(); });
  document.addEventListener("htmx:afterSettle", draw);
  document.addEventListener("htmx:afterSettle", announce);
  document.addEventListener("htmx:afterSettle", markErrors);
})();
