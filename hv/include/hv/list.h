/*
 * Intrusive doubly-linked circular lists. A list head is a node whose
 * next/prev point at itself when empty.
 */
#ifndef HV_LIST_H
#define HV_LIST_H

#include <hv/lib.h>

struct list_node {
    struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name)                                                   \
    {                                                                          \
        &(name), &(name)                                                       \
    }

static inline void list_init(struct list_node *head)
{
    head->next = head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
    return head->next == head;
}

static inline void list_insert_between(struct list_node *n,
                                       struct list_node *prev,
                                       struct list_node *next)
{
    n->prev = prev;
    n->next = next;
    prev->next = n;
    next->prev = n;
}

/* Insert n right after pos (at the front when pos is the head). */
static inline void list_add(struct list_node *n, struct list_node *pos)
{
    list_insert_between(n, pos, pos->next);
}

/* Insert n right before pos (at the back when pos is the head). */
static inline void list_add_tail(struct list_node *n, struct list_node *pos)
{
    list_insert_between(n, pos->prev, pos);
}

static inline void list_del(struct list_node *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}

#define list_entry(node, type, member) container_of(node, type, member)
#define list_first_entry(head, type, member)                                   \
    list_entry((head)->next, type, member)
#define list_for_each(pos, head)                                               \
    for (struct list_node *pos = (head)->next; pos != (head); pos = pos->next)
/* Safe against removal of the current node. */
#define list_for_each_safe(pos, tmp, head)                                     \
    for (struct list_node *pos = (head)->next, *tmp = pos->next;               \
         pos != (head); pos = tmp, tmp = pos->next)

#endif
