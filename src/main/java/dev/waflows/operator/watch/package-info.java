/**
 * Metadata-only watches of Kubernetes collections: the API server is asked for {@code
 * PartialObjectMetadata}, and only namespace, name and resourceVersion are ever read from what it
 * sends, so the operator learns that a Secret changed without receiving (or keeping) its data.
 * Fabric8 7.5 and JOSDK 5.2 offer no metadata-only watch, hence this small package on top of
 * Fabric8's authenticated HTTP client. It knows no other package of the operator.
 */
package dev.waflows.operator.watch;
