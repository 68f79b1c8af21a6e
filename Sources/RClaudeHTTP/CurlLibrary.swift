import CCurl

/// libcurl as rclaude loads it: on first use, so that commands which speak no HTTP never pay
/// for loading it.
public enum CurlLibrary {
    /// What to tell the user when libcurl could not start: why it could not be loaded, or that
    /// it failed to initialise.
    public static var startFailure: String {
        let why = String(cString: rclaude_curl_load_error())
        return why.isEmpty ? "libcurl could not start; reinstall libcurl4" : why
    }
}
