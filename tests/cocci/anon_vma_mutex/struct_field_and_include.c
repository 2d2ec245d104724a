#include <linux/list.h>
#include <linux/spinlock.h>

struct anon_vma {
	struct anon_vma *root;	/* oldest anon_vma of the tree */
	spinlock_t lock;	/* protects the list below */
	atomic_t refcount;
	struct list_head head;
};

struct other_object {
	spinlock_t lock;
	int count;
};
