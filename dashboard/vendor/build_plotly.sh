#!/bin/sh
# Rebuild plotly-satudata.min.js (dashboard/plotly_bundle.py): plotly.js of the Python package's version, with the
# trace types the app draws only (plotly-satudata.entry.js). Needs node and npm; writes nothing outside a temp dir
# but the bundle.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=$(python -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
work=$(mktemp -d)
cd "$work"
echo '{"name":"plotly-satudata","version":"1.0.0","private":true}' > package.json
npm install "plotly.js@$version" esbuild --no-audit --no-fund --ignore-scripts
cp "$here/plotly-satudata.entry.js" entry.js
# The licence banner of plotly.js (MIT: the notice travels with every copy); esbuild's minifier drops comments.
banner="/**
* plotly.js v$version (partial bundle: scatter, bar, heatmap, choropleth; dashboard/vendor/build_plotly.sh)
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
*/"
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --define:global=window \
    --define:define.amd=false --target=es2016 --alias:stream=stream-browserify --banner:js="$banner" \
    --outfile=plotly-satudata.min.js
cp plotly-satudata.min.js "$here/plotly-satudata.min.js"
rm -rf "$work"
echo "plotly.js $version: $here/plotly-satudata.min.js"
