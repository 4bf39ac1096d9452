#!/bin/sh
# Copies the explorer's graph libraries, with their licences, from node_modules into vendor/,
# where go:embed serves them. Run it after changing package.json:
#   cd explore && npm install && ./vendor.sh
set -eu
cd "$(dirname "$0")"
rm -rf vendor && mkdir vendor
copy() { # package file
	cp "node_modules/$1/$2" "vendor/$(basename "$2")"
	cp "node_modules/$1/LICENSE" "vendor/LICENSE.$1"
	printf '%s %s %s\n' "$1" "$(node -p "require('./node_modules/$1/package.json').version")" "$2" >> vendor/VERSIONS
}
copy layout-base layout-base.js
copy cose-base cose-base.js
copy cytoscape-fcose cytoscape-fcose.js
copy cytoscape dist/cytoscape.min.js
