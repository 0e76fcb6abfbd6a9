/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/kernel.h - for kernel_test only: lets generated kernel servers build
 * as a user-space program (the C library provides what they use).
 */
#ifndef XMIG_KSHIM_KERNEL_H
#define XMIG_KSHIM_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#endif
