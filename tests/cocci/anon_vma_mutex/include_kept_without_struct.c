#include <linux/spinlock.h>

static void touch_vma_list(struct anon_vma *anon_vma, struct list_head *entry)
{
	spin_lock(&anon_vma->lock);
	list_add(entry, &anon_vma->head);
	spin_unlock(&anon_vma->lock);
}
