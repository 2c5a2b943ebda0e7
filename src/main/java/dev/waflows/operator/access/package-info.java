/**
 * Who may read the operator's {@code /metrics}: {@link
 * dev.waflows.operator.access.KubernetesAccessReviewer} asks the API server (TokenReview, then
 * SubjectAccessReview), as controller-runtime's secure metrics server does. May import {@code
 * management} (the interface it implements); nothing of the reconciler.
 */
package dev.waflows.operator.access;
