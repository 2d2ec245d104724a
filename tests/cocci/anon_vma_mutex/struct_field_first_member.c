/* 2.6.32-2.6.36: the lock is the first member of struct anon_vma. */
#include <linux/spinlock.h>

struct anon_vma {
	spinlock_t lock;	/* guards the list of vmas */
	struct anon_vma *root;
	/*
	 * Taken by callers that hold no vma of the anon_vma.
	 */
	atomic_t refcount;

	struct list_head head;
};
