package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonValueFormat;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;

/**
 * A time in a custom resource, kept as the text it was written as (so that a value the control
 * plane cannot parse is reported on the object rather than breaking its watch) but described to the
 * CRD generator as {@code format: date-time}. The API server's {@code date-time} also takes times
 * without a zone, which the control plane refuses; {@link #PATTERN} states the RFC 3339 form it
 * reads.
 */
@RegisterForReflection
public final class DateTimeText extends StdScalarSerializer<String> {
  /** RFC 3339 with a {@code Z} or an offset, as {@link java.time.Instant#parse} reads it. */
  static final String PATTERN =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$";

  public DateTimeText() {
    super(String.class);
  }

  @Override
  public void serialize(String value, JsonGenerator out, SerializerProvider provider)
      throws IOException {
    out.writeString(value);
  }

  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType hint)
      throws JsonMappingException {
    visitStringFormat(visitor, hint, JsonValueFormat.DATE_TIME);
  }
}
