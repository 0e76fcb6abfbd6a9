// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module entry and exit, module parameters and the /dev/xnucross
 * misc device: open and release keep the per-file state, ioctl hands every
 * call to the trap dispatcher.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#include "xnu_core.h"

static ushort devmode = 0666;

/*
 * devmode is a permission mode: read and shown in octal, and checked when
 * set, so a bad value fails the load. Mode 0 is refused because
 * misc_register() would turn it into its default, 0600.
 */
static int xnu_devmode_set(const char *val, const struct kernel_param *kp)
{
	u16 mode;
	int ret;

	ret = kstrtou16(val, 8, &mode);
	if (ret)
		return ret;
	if (!mode || mode & ~0777) {
		pr_err("devmode=%s is not a permission mode (0001-0777)\n", val);
		return -EINVAL;
	}
	*(ushort *)kp->arg = mode;
	return 0;
}

static int xnu_devmode_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%04o\n", *(ushort *)kp->arg);
}

static const struct kernel_param_ops xnu_devmode_ops = {
	.set = xnu_devmode_set,
	.get = xnu_devmode_get,
};

module_param_cb(devmode, &xnu_devmode_ops, &devmode, 0444);
MODULE_PARM_DESC(devmode,
		 "Permission bits of /dev/xnucross, octal, 0001-0777 (default 0666: any user may make the calls; privileged calls check capabilities themselves)");

bool xnu_debug;
module_param_named(debug, xnu_debug, bool, 0644);
MODULE_PARM_DESC(debug,
		 "Log every refused trap call, rate limited (default N)");

static int xnu_open(struct inode *inode, struct file *file)
{
	struct xnu_file *xf;

	xf = kzalloc(sizeof(*xf), GFP_KERNEL);
	if (!xf)
		return -ENOMEM;
	file->private_data = xf;
	return 0;
}

static int xnu_release(struct inode *inode, struct file *file)
{
	xnu_vm_file_release(file->private_data);
	xnu_task_file_release(file->private_data);
	kfree(file->private_data);
	return 0;
}

static long xnu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return xnu_trap_dispatch(file->private_data, cmd,
				 (void __user *)arg);
}

static const struct file_operations xnu_fops = {
	.owner		= THIS_MODULE,
	.open		= xnu_open,
	.release	= xnu_release,
	.unlocked_ioctl	= xnu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice xnu_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= XNUCROSS_DEVICE_NAME,
	.fops	= &xnu_fops,
};

static int __init xnu_init(void)
{
	int ret;

	xnu_miscdev.mode = devmode;

	ret = xnu_sysctl_init();
	if (ret) {
		pr_err("cannot start the sysctl subsystem: %d\n", ret);
		return ret;
	}
	ret = xnu_mach_init();
	if (ret) {
		pr_err("cannot start the Mach IPC subsystem: %d\n", ret);
		xnu_sysctl_exit();
		return ret;
	}
	ret = xnu_vm_init();
	if (ret) {
		pr_err("cannot start wiring and rings: %d\n", ret);
		xnu_mach_exit();
		xnu_sysctl_exit();
		return ret;
	}
	ret = xnu_bsd_init();
	if (ret) {
		pr_err("cannot start the BSD device layer: %d\n", ret);
		xnu_vm_exit();
		xnu_mach_exit();
		xnu_sysctl_exit();
		return ret;
	}
	ret = misc_register(&xnu_miscdev);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", XNUCROSS_DEVICE_NAME,
		       ret);
		xnu_bsd_exit();
		xnu_vm_exit();
		xnu_mach_exit();
		xnu_sysctl_exit();
		return ret;
	}
	pr_info("version %s, API %u.%u, /dev/%s mode %#o\n", XNUCROSS_VERSION,
		XNU_API_MAJOR, XNU_API_MINOR, XNUCROSS_DEVICE_NAME, devmode);
	return 0;
}

static void __exit xnu_exit(void)
{
	misc_deregister(&xnu_miscdev);
	xnu_bsd_exit();
	xnu_vm_exit();
	xnu_mach_exit();
	xnu_sysctl_exit();
	pr_info("unloaded\n");
}

module_init(xnu_init);
module_exit(xnu_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The xnucross authors");
MODULE_DESCRIPTION("Darwin (XNU) user-kernel crossings: BSD ioctl, sysctl, Mach IPC and bulk transfer");
MODULE_VERSION(XNUCROSS_VERSION);
