/** Prints the heap bytes per line of the import's ordering index (imports.LineIndex.bytesPerLine()). */
public class IndexSize {
    public static void main(String[] args) {
        System.out.println(io.chathistorybridge.imports.LineIndex.bytesPerLine());
    }
}
