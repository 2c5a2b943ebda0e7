/**
 * The contested-key rule: a number whose key at Graph someone else keeps replacing is no longer
 * registered, so that two installations never flip it back and forth. Pure, decided from what
 * status stores.
 *
 * <p>May import: {@code api}.
 */
package dev.waflows.operator.reconciler.contested;
