/* SPDX-License-Identifier: GPL-2.0 */
/*
 * miscfs/devfs/devfs.h - Darwin's devfs KPI for kexts: devfs_make_node()
 * makes a /dev node for a device number of a major that cdevsw_add()
 * returned, devfs_remove() removes it. Here a node is a Linux device in
 * class "xnubsd" whose devtmpfs node has the mode, owner and group given;
 * a name with '/' makes subdirectories of /dev, as on Darwin.
 */
#ifndef _XNU_KERNEL_MISCFS_DEVFS_DEVFS_H
#define _XNU_KERNEL_MISCFS_DEVFS_DEVFS_H

#include <linux/compiler_attributes.h>
#include <linux/types.h>

#define DEVFS_CHAR	0
#define DEVFS_BLOCK	1

/* Darwin's well-known user and group ids. */
#define UID_ROOT	0
#define UID_BIN		3
#define UID_UUCP	66
#define GID_WHEEL	0
#define GID_KMEM	2
#define GID_TTY		4
#define GID_OPERATOR	5
#define GID_BIN		7
#define GID_GAMES	13
#define GID_DIALER	68

void *devfs_make_node(dev_t dev, int chrblk, uid_t uid, gid_t gid,
		      int perms, const char *fmt, ...) __printf(6, 7);
void devfs_remove(void *handle);

#endif /* _XNU_KERNEL_MISCFS_DEVFS_DEVFS_H */
