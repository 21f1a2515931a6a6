/** A file system error in a few words, for a message that names the file. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'EISDIR':
      return 'a directory, not a file';
    case 'ENAMETOOLONG':
      return 'a path too long for the system';
    case 'EIO':
      return 'an input/output error of the disk';
    // V8's longest string is 2^29 − 24 characters; a file beyond it cannot be held as one text
    case 'ERR_STRING_TOO_LONG':
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'larger than 512 MiB, more than one migration can hold here: split it into smaller migrations';
    default:
      return code ?? String((error as Error | undefined)?.message ?? error);
  }
}
