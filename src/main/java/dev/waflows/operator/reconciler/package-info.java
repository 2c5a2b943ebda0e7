/**
 * The reconciler of FlowsEncryptionKeys, split by concern. This package itself holds only the
 * vocabulary every part shares: one {@link dev.waflows.operator.reconciler.ReconcilePass}, a {@link
 * dev.waflows.operator.reconciler.Problem} fit for users, the {@link
 * dev.waflows.operator.reconciler.TimeSource} and how stored times are read ({@link
 * dev.waflows.operator.reconciler.Timestamps}).
 *
 * <p>Sub-packages, lowest first; each may use only those listed in its own package map, so
 * dependencies point one way and a pure rule never reaches for the Kubernetes client:
 *
 * <ul>
 *   <li>{@code spec}: parsing and checking the spec (pure);
 *   <li>{@code claims}: which resource manages a phone number several list (pure);
 *   <li>{@code contested}: when a number whose key someone else keeps replacing is left alone
 *       (pure);
 *   <li>{@code secrets}: reading the Secrets a resource names, provisioning its key, Events;
 *   <li>{@code endpoint}: the endpoint probe on the reconciler's side (the registration gate, the
 *       check of {@code spec.endpoint}, the last probe and backoff per resource);
 *   <li>{@code verification}: number rounds against Graph, their schedule and workers;
 *   <li>{@code rotation}: the key rotation state machine and the Secret writes it needs;
 *   <li>{@code status}: conditions, per-number status and the Events that announce a change;
 *   <li>{@code controller}: the JOSDK glue and the fixed reconcile sequence that uses all of them.
 * </ul>
 *
 * <p>May import: {@code api}.
 */
package dev.waflows.operator.reconciler;
