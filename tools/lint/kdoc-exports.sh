#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kdoc-exports.sh - fails when a symbol exported with EXPORT_SYMBOL*() in the
# given files is not named in any kernel-doc comment ("/** ... */" block,
# a DOC: section included) of those files.
# Usage: kdoc-exports.sh FILE...
set -eu

docs=$(awk '/^\/\*\*/ { in_doc = 1 } in_doc { print } /\*\// { in_doc = 0 }' "$@")
status=0
for sym in $(sed -n 's/^EXPORT_SYMBOL[A-Z_]*(\([A-Za-z0-9_]*\).*/\1/p' "$@" | sort -u); do
	if ! printf '%s\n' "$docs" | grep -q -w -- "$sym"; then
		echo "kernel-doc missing for exported symbol $sym"
		status=1
	fi
done
exit $status
