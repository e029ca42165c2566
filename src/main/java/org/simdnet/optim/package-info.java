/**
 * Optimizers, learning-rate schedules and gradient clipping, with PyTorch's names, defaults and
 * update rules.
 *
 * <p>An {@link org.simdnet.optim.OptimizerSpec} ({@link org.simdnet.optim.Sgd},
 * {@link org.simdnet.optim.Adam} or {@link org.simdnet.optim.AdamW}) says which optimizer to train
 * with; its {@link org.simdnet.optim.OptimizerSpec#create create} makes the
 * {@link org.simdnet.optim.Optimizer}, the state for one flat parameter array. A
 * {@link org.simdnet.optim.LearningRateSchedule} multiplies the base learning rate per epoch, and
 * {@link org.simdnet.optim.GradientClipping} clips a gradient to a global L2 norm, as
 * {@code torch.nn.utils.clip_grad_norm_}.
 */
package org.simdnet.optim;
