/**
 * The command that writes the current context with every file inlined: the
 * usual fix for a refused upload, so messages point to it by this one name.
 */
export const exportCommand = "kubectl config view --minify --flatten --raw";
