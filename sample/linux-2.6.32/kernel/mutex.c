/*
 * kernel/mutex.c (sample excerpt)
 *
 * The lock paths of the 2.6.32 mutex implementation, cut down to the
 * calls of __mutex_lock_common() that the lockdep nest-lock backport
 * changes. The wait-queue handling is reduced to a sketch.
 */
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/interrupt.h>

void
__mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	atomic_set(&lock->count, 1);
	spin_lock_init(&lock->wait_lock);
	INIT_LIST_HEAD(&lock->wait_list);
}

EXPORT_SYMBOL(__mutex_init);

/**
 * mutex_unlock - release the mutex
 * @lock: the mutex to be released
 */
void __sched mutex_unlock(struct mutex *lock)
{
	__mutex_fastpath_unlock(&lock->count, __mutex_unlock_slowpath);
}

EXPORT_SYMBOL(mutex_unlock);

/*
 * Lock a mutex (possibly interruptible), slowpath:
 */
static inline int __sched
__mutex_lock_common(struct mutex *lock, long state, unsigned int subclass,
	       	unsigned long ip)
{
	struct task_struct *task = current;
	struct mutex_waiter waiter;
	unsigned long flags;

	preempt_disable();
	mutex_acquire(&lock->dep_map, subclass, 0, ip);
#if defined(CONFIG_SMP) && !defined(CONFIG_DEBUG_MUTEXES) && \
    !defined(CONFIG_HAVE_DEFAULT_NO_SPIN_MUTEXES)
	/*
	 * Optimistic spinning is left out of this sample.
	 */
#endif
	spin_lock_mutex(&lock->wait_lock, flags);

	list_add_tail(&waiter.list, &lock->wait_list);
	waiter.task = task;

	for (;;) {
		if (atomic_xchg(&lock->count, -1) == 1)
			break;

		if (signal_pending_state(state, task)) {
			list_del(&waiter.list);
			mutex_release(&lock->dep_map, 1, ip);
			spin_unlock_mutex(&lock->wait_lock, flags);
			preempt_enable();
			return -EINTR;
		}
		__set_task_state(task, state);

		spin_unlock_mutex(&lock->wait_lock, flags);
		preempt_enable_no_resched();
		schedule();
		preempt_disable();
		spin_lock_mutex(&lock->wait_lock, flags);
	}

	list_del(&waiter.list);
	spin_unlock_mutex(&lock->wait_lock, flags);
	preempt_enable();

	return 0;
}

#ifdef CONFIG_DEBUG_LOCK_ALLOC
void __sched
mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, subclass, _RET_IP_);
}

EXPORT_SYMBOL_GPL(mutex_lock_nested);

int __sched
mutex_lock_killable_nested(struct mutex *lock, unsigned int subclass)
{
	might_sleep();
	return __mutex_lock_common(lock, TASK_KILLABLE, subclass, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mutex_lock_killable_nested);

int __sched
mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass)
{
	might_sleep();
	return __mutex_lock_common(lock, TASK_INTERRUPTIBLE,
				   subclass, _RET_IP_);
}

EXPORT_SYMBOL_GPL(mutex_lock_interruptible_nested);
#endif

#ifndef CONFIG_DEBUG_LOCK_ALLOC
static noinline void __sched
__mutex_lock_slowpath(atomic_t *lock_count)
{
	struct mutex *lock = container_of(lock_count, struct mutex, count);

	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, 0, _RET_IP_);
}

static noinline int __sched
__mutex_lock_killable_slowpath(atomic_t *lock_count)
{
	struct mutex *lock = container_of(lock_count, struct mutex, count);

	return __mutex_lock_common(lock, TASK_KILLABLE, 0, _RET_IP_);
}

static noinline int __sched
__mutex_lock_interruptible_slowpath(atomic_t *lock_count)
{
	struct mutex *lock = container_of(lock_count, struct mutex, count);

	return __mutex_lock_common(lock, TASK_INTERRUPTIBLE, 0, _RET_IP_);
}
#endif

/**
 * mutex_trylock - try to acquire the mutex, without waiting
 * @lock: the mutex to be acquired
 *
 * Returns 1 if the mutex has been acquired successfully, and 0 on
 * contention.
 */
int __sched mutex_trylock(struct mutex *lock)
{
	return atomic_cmpxchg(&lock->count, 1, 0) == 1;
}
EXPORT_SYMBOL(mutex_trylock);
