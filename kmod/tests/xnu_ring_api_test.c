// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_ring_api_test.c - the test module of ring_test's consumer
 * registration checks: its init calls xnu_ring_consumer_register() with
 * every kind of bad consumer and loads only when each was refused as
 * <xnucross/ring.h> says (-EINVAL; -EEXIST for a name in use), and a good
 * one registered and unregistered. ring_test loads and unloads it.
 */
#include <linux/module.h>

#include <xnucross/ring.h>

#define API_TEST_NAME	"org.xnucross.test.ring_api"

static int api_test_attach(struct xnu_ring *ring)
{
	return -EINVAL;
}

/* Register @c; unregister it again when that worked. Returns the result. */
static int api_test_try(struct xnu_ring_consumer *c)
{
	int ret = xnu_ring_consumer_register(c);

	if (!ret)
		xnu_ring_consumer_unregister(c);
	return ret;
}

static int __init api_test_init(void)
{
	struct xnu_ring_consumer good = {
		.name = API_TEST_NAME,
		.attach = api_test_attach,
		.owner = THIS_MODULE,
	};
	struct xnu_ring_consumer bad;
	int ret;

	bad = good;
	bad.owner = NULL;
	ret = api_test_try(&bad);
	if (ret != -EINVAL) {
		pr_err("no owner: %d, not -EINVAL\n", ret);
		return -EPROTO;
	}
	bad = good;
	bad.attach = NULL;
	ret = api_test_try(&bad);
	if (ret != -EINVAL) {
		pr_err("no attach: %d, not -EINVAL\n", ret);
		return -EPROTO;
	}
	bad = good;
	bad.name = "";
	ret = api_test_try(&bad);
	if (ret != -EINVAL) {
		pr_err("empty name: %d, not -EINVAL\n", ret);
		return -EPROTO;
	}
	if (xnu_ring_consumer_register(NULL) != -EINVAL) {
		pr_err("NULL consumer accepted\n");
		return -EPROTO;
	}
	ret = xnu_ring_consumer_register(&good);
	if (ret) {
		pr_err("good consumer: %d\n", ret);
		return -EPROTO;
	}
	bad = good;
	ret = api_test_try(&bad);
	xnu_ring_consumer_unregister(&good);
	if (ret != -EEXIST) {
		pr_err("name in use: %d, not -EEXIST\n", ret);
		return -EPROTO;
	}
	return 0;
}

static void __exit api_test_exit(void)
{
}

module_init(api_test_init);
module_exit(api_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross test module: ring consumer registration checks");
