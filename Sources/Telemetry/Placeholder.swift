public enum TelemetryPlaceholder {}
