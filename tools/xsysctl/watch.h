/* SPDX-License-Identifier: GPL-2.0 */
/*
 * watch.h - xsysctl --watch: print the values of OIDs as they change,
 * through libxnucross's sysctl event API (<xnucross_sysctl.h>).
 */
#ifndef XSYSCTL_WATCH_H
#define XSYSCTL_WATCH_H

/* xsysctl_watch() flags. */
#define XSYSCTL_WATCH_VALUES	0x1	/* -n: values only, no names */
#define XSYSCTL_WATCH_EQUALS	0x2	/* -e: "name=value", not "name: value" */
#define XSYSCTL_WATCH_EVENTS	0x4	/* also print every (un)registration */

/*
 * Watch the count OIDs named in names: print "name: value" for each, then
 * "name: old -> new" whenever a write changes one, until SIGINT or SIGTERM.
 * Names that are unknown or nodes are reported on stderr and skipped.
 * Returns the exit status: the number of names that could not be watched,
 * or 1 more when the events could not be read at all.
 */
int xsysctl_watch(char *const names[], int count, unsigned int flags);

#endif /* XSYSCTL_WATCH_H */
