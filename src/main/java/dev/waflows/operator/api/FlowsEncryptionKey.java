package dev.waflows.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An RSA-2048 key pair kept in a Secret and registered with Meta's Graph API as the WhatsApp Flows
 * business public key of each listed phone number.
 */
@Group(FlowsEncryptionKey.GROUP)
@Version(FlowsEncryptionKey.VERSION)
@Plural("flowsencryptionkeys")
@Singular("flowsencryptionkey")
@ShortNames({"fek", "flowskey"})
// Deleting the CRD deletes every FlowsEncryptionKey in the cluster: GitOps tools must never prune
// it.
@Annotations({
  "argocd.argoproj.io/sync-options=Prune=false",
  "kustomize.toolkit.fluxcd.io/prune=disabled"
})
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Valid",
    jsonPath = ".status.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".status.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Fingerprint",
    jsonPath = ".status.keyFingerprint",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class FlowsEncryptionKey
    extends CustomResource<FlowsEncryptionKeySpec, FlowsEncryptionKeyStatus> implements Namespaced {

  public static final String GROUP = "waflows.dev";
  public static final String VERSION = "v1alpha1";
}
