'use strict';
// The trace types Dasbor Satu Data draws (layouts/*: go.Scatter, go.Bar, go.Heatmap, go.Choropleth) and nothing else.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/calendars'),
]);
module.exports = Plotly;
