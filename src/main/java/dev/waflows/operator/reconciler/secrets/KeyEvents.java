package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a FlowsEncryptionKey. Messages come from the operator and from Graph
 * (already redacted); no Secret value is ever passed in. A failure to record is logged, never
 * fatal: an Event is a courtesy, the status is the record.
 */
public class KeyEvents {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final String COMPONENT = "flows-key-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KeyEvents.class);

  private final KubernetesClient client;
  private final TimeSource time;

  public KeyEvents(KubernetesClient client, TimeSource time) {
    this.client = client;
    this.time = time;
  }

  public void record(FlowsEncryptionKey resource, String type, String reason, String message) {
    String now = ReconcilePass.timestamp(time.now());
    String ns = resource.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(resource.getMetadata().getName() + ".")
                  .withNamespace(ns)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(resource.getMetadata().getName())
                          .withNamespace(ns)
                          .withUid(resource.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(truncate(message))
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          ns,
          resource.getMetadata().getName(),
          e.getCode());
    }
  }

  private static String truncate(String message) {
    // The API server refuses Event messages over 1 KiB.
    return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
