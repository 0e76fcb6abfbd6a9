/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/systm.h - the part of Darwin's <sys/systm.h> a ported kext can use
 * here: copyin(), copyout(), copyinstr() and copyoutstr() (declared in
 * <xnucross/copyio.h>, implemented in kmod/vm/copyio.c).
 */
#ifndef _XNU_KERNEL_SYS_SYSTM_H
#define _XNU_KERNEL_SYS_SYSTM_H

#include <xnucross/copyio.h>

#endif /* _XNU_KERNEL_SYS_SYSTM_H */
