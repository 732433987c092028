// Entry point reserved for this function; the backend-runtime work replaces this file.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented yet');
};
