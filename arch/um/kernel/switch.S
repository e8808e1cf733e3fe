/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Switching kernel stacks between tasks (coroutines), x86_64.
 *
 * void arch_switch(void **save_sp, void *new_sp)
 *	pushes the callee-saved registers on the current stack, stores the
 *	stack pointer in *save_sp, loads new_sp and pops the new task's
 *	registers, returning into wherever that task last called arch_switch.
 *
 * A new task's stack is prepared by init_stack (process.c) so that the
 * first switch "returns" into arch_task_start with r12 = argument and
 * r13 = function; it finishes the switch (sched_finish_switch) and calls
 * function(argument).
 */
	.text
	.globl	arch_switch
	.type	arch_switch, @function
arch_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	arch_switch, .-arch_switch

	.globl	arch_task_start
	.type	arch_task_start, @function
arch_task_start:
	xorl	%ebp, %ebp
	callq	sched_finish_switch
	movq	%r12, %rdi
	callq	*%r13
	ud2
	.size	arch_task_start, .-arch_task_start

	.section .note.GNU-stack,"",@progbits
