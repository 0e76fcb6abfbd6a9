/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/select.h - Darwin's select KPI for a device's d_select: a driver
 * keeps a struct selinfo per condition, calls selrecord() from d_select
 * when the condition is not met, and selwakeup() when it becomes true.
 *
 * Here d_select is called from the file's poll: selrecord() puts the
 * poller on a wait queue chosen by the selinfo's address and selwakeup()
 * wakes that queue (so a zeroed selinfo is ready to use, as on Darwin,
 * and nothing points into it: selthreadclear() has nothing to undo).
 */
#ifndef _XNU_KERNEL_SYS_SELECT_H
#define _XNU_KERNEL_SYS_SELECT_H

struct proc;

/**
 * struct selinfo - what a driver records selecting threads on
 * @si_xnu_unused:	nothing is stored; the address is what counts
 */
struct selinfo {
	unsigned long si_xnu_unused;
};

void selrecord(struct proc *selector, struct selinfo *sip, void *wql);
void selwakeup(struct selinfo *sip);
void selthreadclear(struct selinfo *sip);

#endif /* _XNU_KERNEL_SYS_SELECT_H */
