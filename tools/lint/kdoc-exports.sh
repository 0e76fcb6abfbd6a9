#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kdoc-exports.sh - fails when a symbol exported with EXPORT_SYMBOL*() in the
# given files has no kernel-doc comment ("/**" block naming it) in them.
# Usage: kdoc-exports.sh FILE...
set -eu

status=0
for sym in $(sed -n 's/^EXPORT_SYMBOL[A-Z_]*(\([A-Za-z0-9_]*\).*/\1/p' "$@" | sort -u); do
	if ! grep -h -A1 '^/\*\*' "$@" | grep -q -E "^ \* (struct |union |enum )?$sym(\(\))?( -|:)"; then
		echo "kernel-doc missing for exported symbol $sym"
		status=1
	fi
done
exit $status
