package dev.waflows.operator.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.test.appender.ListAppender;

/**
 * Captures every log event of one package at all levels (log4j2 is the slf4j backend), without
 * printing them: the test's own logger config is not additive.
 */
public final class CapturedLogs implements AutoCloseable {

  private final String packageName;
  private final LoggerContext context = LoggerContext.getContext(false);
  private final ListAppender appender = new ListAppender("captured-" + System.nanoTime());

  /**
   * @param packageName the logger (package) whose events are captured, e.g. {@code
   *     "dev.waflows.operator.graph"}
   */
  public CapturedLogs(String packageName) {
    this.packageName = packageName;
    appender.start();
    Configuration config = context.getConfiguration();
    LoggerConfig logger = new LoggerConfig(packageName, Level.ALL, false);
    logger.addAppender(appender, Level.ALL, null);
    config.addLogger(packageName, logger);
    context.updateLoggers();
  }

  /** Every formatted message, with the thrown exception's full stack trace text. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (LogEvent event : appender.getEvents()) {
      StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(packageName);
    context.updateLoggers();
    appender.stop();
  }
}
