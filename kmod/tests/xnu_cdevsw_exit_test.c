// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_cdevsw_exit_test.c - the test kext of the cdevsw teardown selftest
 * (selftests/ioctl_test.c loads and unloads it): a character device
 * registered the Darwin way whose exit removes it in a chosen way.
 *
 * Parameters:
 *   index  the major to ask cdevsw_add() for (-1: the first free one)
 *   exit   0: cdevsw_remove() then devfs_remove(), the order Darwin kexts
 *          use; 1: devfs_remove() then cdevsw_remove(); 2: neither (a
 *          kext that forgets: xnucross must clean up when it goes)
 *   major  read-only: the major cdevsw_add() gave
 *
 * The node is /dev/xnu_cdevsw_exit_test (0600, root); opening it succeeds,
 * reading gives nothing.
 */
#include <linux/module.h>

#include <sys/conf.h>
#include <sys/uio.h>
#include <miscfs/devfs/devfs.h>

#define EXIT_TEST_NODE	"xnu_cdevsw_exit_test"

static int major_index = -1;
module_param_named(index, major_index, int, 0444);
MODULE_PARM_DESC(index, "Major to ask for (-1: first free)");

static int exit_mode;
module_param_named(exit, exit_mode, int, 0444);
MODULE_PARM_DESC(exit, "0: cdevsw_remove, devfs_remove; 1: reverse; 2: none");

static int major = -1;
module_param(major, int, 0444);
MODULE_PARM_DESC(major, "The major cdevsw_add() gave (read-only)");

static void *exit_test_node;

static int exit_test_open(dev_t dev, int flags, int devtype, struct proc *p)
{
	return 0;
}

static int exit_test_close(dev_t dev, int flags, int devtype, struct proc *p)
{
	return 0;
}

static int exit_test_read(dev_t dev, struct uio *uio, int ioflag)
{
	return 0;
}

static const struct cdevsw exit_test_cdevsw = {
	.d_open		= exit_test_open,
	.d_close	= exit_test_close,
	.d_read		= exit_test_read,
	.d_type		= 0,
};

static int __init exit_test_init(void)
{
	if (exit_mode < 0 || exit_mode > 2)
		return -EINVAL;
	major = cdevsw_add(major_index, &exit_test_cdevsw);
	if (major < 0)
		return -EBUSY;
	exit_test_node = devfs_make_node(makedev(major, 0), DEVFS_CHAR,
					 UID_ROOT, GID_WHEEL, 0600, "%s",
					 EXIT_TEST_NODE);
	if (!exit_test_node) {
		cdevsw_remove(major, &exit_test_cdevsw);
		return -ENOMEM;
	}
	return 0;
}

static void __exit exit_test_exit(void)
{
	int ret = 0;

	switch (exit_mode) {
	case 0:
		ret = cdevsw_remove(major, &exit_test_cdevsw);
		devfs_remove(exit_test_node);
		break;
	case 1:
		devfs_remove(exit_test_node);
		ret = cdevsw_remove(major, &exit_test_cdevsw);
		break;
	default:
		return;
	}
	if (ret != major)
		pr_err("cdevsw_remove(%d) returned %d\n", major, ret);
}

module_init(exit_test_init);
module_exit(exit_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross test kext: cdevsw_remove/devfs_remove in exit");
