/// The command line's exit statuses (the contract in DESIGN.md).
public enum CommandExitStatus: Int32, Sendable, CaseIterable {
    /// Every planned unit ended well.
    case success = 0
    /// The run went through but some unit failed.
    case unitFailed = 1
    /// Configuration, usage or authentication error: the run stops before more work is attempted.
    case configuration = 2
}
