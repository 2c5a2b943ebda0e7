/**
 * The JOSDK glue: the reconciler with its fixed sequence (check the spec, read the Secrets, settle
 * the key and the rotation, check the numbers, write the status), its event sources and update
 * filter, and the mapping of Kubernetes errors. The only reconciler package that knows them all.
 *
 * <p>May import: {@code api}, {@code endpoint}, {@code graph}, {@code keys}, {@code metrics},
 * {@code watch}, {@code reconciler}, {@code reconciler.claims}, {@code reconciler.endpoint}, {@code
 * reconciler.rotation}, {@code reconciler.secrets}, {@code reconciler.spec}, {@code
 * reconciler.status}, {@code reconciler.verification}.
 */
package dev.waflows.operator.reconciler.controller;
