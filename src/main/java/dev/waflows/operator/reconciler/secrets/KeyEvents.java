package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a FlowsEncryptionKey. Messages come from the operator and from Graph
 * (already redacted); no Secret value is ever passed in. A repeat within ten minutes raises the
 * first Event's count ({@link EventCorrelator}). A failure to record is logged, never fatal: an
 * Event is a courtesy, the status is the record.
 */
public class KeyEvents {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final String COMPONENT = "flows-key-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KeyEvents.class);

  private final KubernetesClient client;
  private final TimeSource time;
  private final EventCorrelator recent = new EventCorrelator();

  public KeyEvents(KubernetesClient client, TimeSource time) {
    this.client = client;
    this.time = time;
  }

  public void record(FlowsEncryptionKey resource, String type, String reason, String message) {
    Instant at = time.now();
    String ns = resource.getMetadata().getNamespace();
    String text = truncate(message);
    EventCorrelator.Key key =
        new EventCorrelator.Key(resource.getMetadata().getUid(), type, reason, text);
    try {
      Optional<EventCorrelator.Stored> repeat = recent.repeat(key, at);
      if (repeat.isPresent() && countRepeat(ns, repeat.get())) {
        return;
      }
      Event created =
          client
              .v1()
              .events()
              .inNamespace(ns)
              .resource(event(resource, type, reason, text, at))
              .create();
      recent.created(key, created.getMetadata().getName(), at);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          ns,
          resource.getMetadata().getName(),
          e.getCode());
    }
  }

  /** Raises the count of the stored Event; false when it is gone (its time to live is 1 h). */
  private boolean countRepeat(String ns, EventCorrelator.Stored stored) {
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .withName(stored.name())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":"
                  + stored.count()
                  + ",\"lastTimestamp\":\""
                  + ReconcilePass.timestamp(stored.last())
                  + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static Event event(
      FlowsEncryptionKey resource, String type, String reason, String message, Instant at) {
    String now = ReconcilePass.timestamp(at);
    String ns = resource.getMetadata().getNamespace();
    return new EventBuilder()
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
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }

  private static String truncate(String message) {
    // The API server refuses Event messages over 1 KiB.
    return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
