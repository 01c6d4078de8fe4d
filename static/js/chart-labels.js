// Shared by the radar charts: long pillar names are wrapped onto short lines so the labels are
// not cut off.
window.DBI = window.DBI || {};
window.DBI.wrapLabel = function (text, width) {
  "use strict";
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? line + " " + word : word;
    }
  }
  if (line) lines.push(line);
  return lines;
};
