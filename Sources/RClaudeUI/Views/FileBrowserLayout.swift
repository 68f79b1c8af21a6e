/// Where the file browser splits its list from its preview.
public enum FileBrowserLayout {
    /// The list's width for an inner width.
    public static func listWidth(_ width: Int) -> Int {
        width < 50 ? width / 2 : min(40, width * 2 / 5)
    }
}
