// The reports dashboard: draws its charts from the JSON the page carries (#dashboard-charts).
// Every number is also in the table under each chart, which is what the page shows without
// JavaScript; this file only adds the pictures.
(function () {
  "use strict";

  // Level 0 (not started) in grey, then from red to green as the level rises.
  const LEVEL_COLOURS = ["#9e9e9e", "#c41e3a", "#e67e22", "#f1c40f", "#7cb342", "#2e7d32"];

  function colour(level) {
    return LEVEL_COLOURS[Math.min(level, LEVEL_COLOURS.length - 1)];
  }

  // Long names (VSIC sections) are cut for the axis; the table under the chart has them whole.
  function short(label) {
    return label.length > 40 ? label.slice(0, 39) + "…" : label;
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const existing = Chart.getChart(canvas);
    if (existing) existing.destroy();
    config.options = Object.assign({ animation: false, responsive: true }, config.options || {});
    if (config.options.indexAxis === "y") {
      // One bar per row, however many rows (a province has up to ~170 wards).
      const box = document.createElement("div");
      box.style.position = "relative";
      box.style.height = config.data.labels.length * 22 + 90 + "px";
      canvas.replaceWith(box);
      box.appendChild(canvas);
      config.options.maintainAspectRatio = false;
    }
    config.data.labels = config.data.labels.map(short);
    new Chart(canvas, config);
  }

  // One stacked dataset per level, for a bar chart of groups (pillars, provinces, sectors…).
  function levelStacks(levelLabels, distribution) {
    return distribution.map((counts, level) => ({
      label: levelLabels[level],
      data: counts,
      backgroundColor: colour(level),
      stack: "levels",
    }));
  }

  function stackedBars(labels, datasets, horizontal) {
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: true }, y: { stacked: true } },
      },
    };
  }

  function render() {
    const node = document.getElementById("dashboard-charts");
    if (!node || typeof Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    const words = data.words;

    draw("chart-levels", {
      type: "bar",
      data: {
        labels: data.level_labels,
        datasets: [
          {
            label: words.enterprises,
            data: data.levels,
            backgroundColor: data.levels.map((_, level) => colour(level)),
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    });

    draw(
      "chart-pillars",
      stackedBars(data.pillars.labels, levelStacks(data.level_labels, data.pillars.distribution), true)
    );

    draw(
      "chart-breakdown",
      stackedBars(
        data.breakdown.labels,
        levelStacks(data.level_labels, data.breakdown.distribution),
        data.breakdown.labels.length > 8
      )
    );

    draw("chart-trend", {
      type: "bar",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: words.assessed, data: data.trend.assessed, backgroundColor: "#3a6ea5", yAxisID: "y" },
          { label: words.certified, data: data.trend.certified, backgroundColor: "#7cb342", yAxisID: "y" },
          {
            type: "line",
            label: words.average,
            data: data.trend.averages,
            borderColor: "#c41e3a",
            backgroundColor: "#c41e3a",
            yAxisID: "average",
          },
        ],
      },
      options: {
        plugins: { legend: { position: "bottom" } },
        scales: {
          y: { beginAtZero: true, position: "left" },
          average: { min: 0, max: data.level_labels.length - 1, position: "right", grid: { drawOnChartArea: false } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", render);
})();
